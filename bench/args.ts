// The benches' command line: `npm run bench:X -- --name value …`.

/** The arguments after the script's path. */
export const argv = process.argv.slice(2);

/** The value given after `--name`, if the option is there. */
export function option(name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}
