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
 * Runs `work` with `process.env` answering yaml's two debug switches from a plain object.
 *
 * Why: yaml@2's parser reads `process.env.LOG_TOKENS` for every token (and its composer
 * `process.env.LOG_STREAM` for every document). Node's `process.env` is an interceptor that
 * calls into C++ on every read, about 0.4 µs; with a few dozen tokens per document that was a
 * fifth of the whole parse (measured with --cpu-prof; bench/manifest.bench.ts shows both).
 * The stand-in holds the two switches as its own properties, read once here, and inherits every
 * other variable from the real `process.env`, so any other read still sees the real value.
 * `work` must be synchronous: nothing else runs while the stand-in is in place, and the finally
 * puts the real one back even when `work` throws. Nothing inside sets variables.
 */
export function withCachedYamlLogFlags<T>(work: () => T): T {
  const real = process.env;
  process.env = Object.create(real, {
    LOG_TOKENS: { value: real.LOG_TOKENS, enumerable: true },
    LOG_STREAM: { value: real.LOG_STREAM, enumerable: true },
  }) as NodeJS.ProcessEnv;
  try {
    return work();
  } finally {
    process.env = real;
  }
}
