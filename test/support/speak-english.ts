// Every test file: an error's .message reads in English from the catalog, as it does in
// the CLI (ui/messages registers the English catalog when it loads; lab code alone does not).
import '../../src/ui/messages/index.js';
