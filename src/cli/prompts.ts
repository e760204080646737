// The three prompts the wizard uses, each from its own package of @inquirer/prompts: that
// package re-exports every prompt, and esbuild keeps its editor prompt's encoding tables
// (600 kB) even when only these three are imported.
export { default as confirm } from '@inquirer/confirm';
export { default as input } from '@inquirer/input';
export { default as select } from '@inquirer/select';
