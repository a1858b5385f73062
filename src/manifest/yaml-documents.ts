import { Composer, Parser, type Document } from "yaml";

/**
 * The documents of one YAML text, one at a time. This is what `parseAllDocuments` does inside,
 * without collecting them into an array: each document is complete when it is yielded (the
 * composer only yields a document once the next one starts or the text ends), so the caller
 * can check it and let it go before the next is built.
 *
 * prettyErrors off: yaml would otherwise count lines for the whole text up front; we turn
 * offsets into lines only for the problems we report. uniqueKeys on: duplicate keys are errors.
 */
export function* yamlDocuments(text: string): Generator<Document.Parsed, void, undefined> {
  const composer = new Composer({ prettyErrors: false, uniqueKeys: true });
  yield* composer.compose(new Parser().parse(text));
}

/**
 * Runs `work` with `process.env` replaced by a plain copy of itself, then puts the real one back.
 *
 * Why: yaml@2's parser reads `process.env.LOG_TOKENS` for every token (and the composer
 * `process.env.LOG_STREAM` for every document). Node's `process.env` is an interceptor that
 * calls into C++ on each read, about 0.4 µs; with tens of tokens per line that was a fifth of
 * the whole YAML parse time (measured with --cpu-prof, see bench/manifest.bench.ts). A plain
 * object answers the same values for free. `work` must be synchronous: nothing else can run
 * while the copy is in place, so no other code ever sees it, and the finally restores it even
 * when `work` throws. Variables are only read here, never set.
 */
export function withPlainEnv<T>(work: () => T): T {
  const real = process.env;
  process.env = { ...real };
  try {
    return work();
  } finally {
    process.env = real;
  }
}
