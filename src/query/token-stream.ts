// A cursor over the tokens of one query text, with the helpers every parsing rule needs and the one
// place that words "expected X after Y but found Z" errors.
import type { Span } from "./ast.ts";
import { syntaxError, type QueryErrorCode } from "./syntax-error.ts";
import { tokenize } from "./tokenizer.ts";
import { describeToken, type Punctuator, type Token } from "./tokens.ts";

export class TokenStream {
  protected readonly text: string;
  protected readonly tokens: Token[];
  protected position = 0;

  constructor(text: string) {
    this.text = text;
    this.tokens = tokenize(text);
  }

  expectEnd(expected: string): void {
    if (this.peek().kind !== "end") this.fail(expected);
  }

  protected peek(): Token {
    return this.tokens[this.position] as Token;
  }

  protected peekAt(ahead: number): Token {
    return (this.tokens[this.position + ahead] ?? this.tokens[this.tokens.length - 1]) as Token;
  }

  protected isKeyword(token: Token, keyword: string): boolean {
    return token.kind === "identifier" && token.name.toUpperCase() === keyword;
  }

  protected isPunctuator(token: Token, punctuator: Punctuator): boolean {
    return token.kind === "punctuator" && token.punctuator === punctuator;
  }

  protected takeKeyword(keyword: string): boolean {
    if (!this.isKeyword(this.peek(), keyword)) return false;
    this.position++;
    return true;
  }

  protected takePunctuator(punctuator: Punctuator): boolean {
    if (!this.isPunctuator(this.peek(), punctuator)) return false;
    this.position++;
    return true;
  }

  protected takeOneOf<P extends Punctuator>(punctuators: readonly P[]): P | undefined {
    const token = this.peek();
    if (token.kind !== "punctuator" || !(punctuators as readonly Punctuator[]).includes(token.punctuator)) return undefined;
    this.position++;
    return token.punctuator as P;
  }

  protected expectKeyword(keyword: string, expected: string): void {
    if (!this.takeKeyword(keyword)) this.fail(expected);
  }

  protected expectPunctuator(punctuator: Punctuator, expected: string): void {
    if (!this.takePunctuator(punctuator)) this.fail(expected);
  }

  /** "expected a value after '=' but found end of input", pointing at the token found. */
  protected fail(expected: string): never {
    const found = this.peek();
    const previous = this.tokens[this.position - 1];
    const after = previous === undefined ? "" : ` after ${describeToken(previous)}`;
    throw this.error("E_QUERY_UNEXPECTED_TOKEN", found, `expected ${expected}${after} but found ${describeToken(found)}`);
  }

  protected error(code: QueryErrorCode, span: Span, message: string) {
    return syntaxError(this.text, code, span.offset, span.length, message);
  }

  protected spanOf(left: Span, right: Span): Span {
    return { offset: left.offset, length: right.offset + right.length - left.offset };
  }

  protected spanFrom(start: Token): Span {
    const last = this.tokens[this.position - 1] as Token;
    return { offset: start.offset, length: last.offset + last.length - start.offset };
  }
}
