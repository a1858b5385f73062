// The tokens of the IoT Hub query language. Keywords are plain identifiers here: the parser decides,
// case-insensitively, which identifiers are keywords, so `tags.select` stays a valid path.

export type Punctuator =
  | "(" | ")" | "[" | "]" | "," | "."
  | "*" | "+" | "-" | "/" | "%"
  | "=" | "!=" | "<>" | "<" | ">" | "<=" | ">=";

export type Token =
  | { kind: "identifier"; name: string; offset: number; length: number }
  | { kind: "string"; value: string; offset: number; length: number }
  | { kind: "number"; value: number; offset: number; length: number }
  | { kind: "punctuator"; punctuator: Punctuator; offset: number; length: number }
  | { kind: "end"; offset: number; length: 0 };

/** How a token is named in error messages: "end of input", "'AND'", "string 'abc'", "number 12". */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case "end":
      return "end of input";
    case "identifier":
      return `'${token.name}'`;
    case "string":
      return `string ${shorten(JSON.stringify(token.value))}`;
    case "number":
      return `number ${token.value}`;
    case "punctuator":
      return `'${token.punctuator}'`;
  }
}

function shorten(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}..."` : s;
}
