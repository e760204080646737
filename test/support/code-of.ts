/** Resolves to the AWS error code a call failed with (fails the test if it succeeded). */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as { name: string }).name;
  }
  throw new Error('expected the call to fail');
}
