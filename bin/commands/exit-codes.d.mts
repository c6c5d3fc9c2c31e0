// Types of exit-codes.mjs (for the TypeScript tests that check docs/cli.md against it).
export declare const EXIT: {
  readonly OK: 0;
  readonly INTERNAL: 1;
  readonly USAGE: 2;
  readonly HALT: 3;
  readonly EXPECTATION: 4;
  readonly INVALID: 5;
  readonly NODE: 6;
  readonly REJECTED: 7;
};
export declare const EXIT_MEANING: Record<number, string>;
export declare function exitCodeLines(): string[];
