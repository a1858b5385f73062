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
