import { SERVER_NAME } from './en-terms.js';

/**
 * English, part of the source catalog (en.ts spreads it): what the `explain` script says of
 * the user data it writes (lab/views/explain.ts). Its Japanese is ja-explain.ts.
 */
export const enExplain = {
  /** Before a user-data script: what it is, and why its own comments are English in any language. */
  explain_userDataFile: (server: string) =>
    `The ${SERVER_NAME[server] ?? server}'s user data: the script it runs at first boot, as AWS keeps it. Its comments stay in English: they are on the server.`,
};
