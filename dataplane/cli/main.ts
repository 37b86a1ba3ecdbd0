/** The composition root of the `chainsim` command. Returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  void argv;
  return 0;
}
