// The fast YAML parser's contract, attacked from two directions the grammar fuzz in
// fast-yaml.test.ts does not take:
//
// 1. Round trips: random JSON-like values written by yaml's own stringifier with random options
//    (indentation, quoting and block styles, flow or block collections, line widths, null and
//    boolean spellings), sometimes several documents, CRLF line ends or comment lines dropped in.
// 2. Mutants: the repository's YAML files and the benchmark's documents with 1-3 small random
//    edits (a character deleted, doubled or inserted; lines swapped, shifted, doubled, deleted).
//
// THE INVARIANT (as in fast-yaml.test.ts): whenever parseFastYaml(text, watch) returns an array,
// yaml's parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false }) reads the same number
// of documents, with no error or warning anywhere (the stream's included), each toJS() equal to
// the fast parser's `data` exactly (-0 is not 0, NaN is NaN, key order and prototypes count), and
// `watched` at the start of yaml's scalar at the watched path (undefined when it has none there).
//
// Both runs are seeded and deterministic. By hand: FAST_YAML_RT_SEED=<n> FAST_YAML_RT_TOTAL=<n>
// (TOTAL texts in each of the two runs; the share thresholds are asserted for the default run).
// A failure names its kind, the shortest input of that kind
// shrunk (lines, then characters, dropped while the same kind of failure remains) and the three
// shortest inputs, each as a parseFastYaml(...) call to replay.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { stringify, type CreateNodeOptions, type ToStringOptions } from "yaml";
import { seededRandom } from "../../src/util/seeded-random.ts";
import { documentText } from "../../bench/manifest-documents.ts";
import { reference, runFast, violation, yamlFilesUnder, type Reference } from "./fast-yaml-oracle.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

const DEFAULT_SEED = 20261128;
const SEED = Number(process.env.FAST_YAML_RT_SEED ?? DEFAULT_SEED);
const ROUND_TRIP_TOTAL = Number(process.env.FAST_YAML_RT_TOTAL ?? 2_000);
const MUTANT_TOTAL = Number(process.env.FAST_YAML_RT_TOTAL ?? 3_000);
/** The shares are properties of the default run's generators; other runs only check the invariant. */
const DEFAULT_RUN = process.env.FAST_YAML_RT_SEED === undefined && process.env.FAST_YAML_RT_TOTAL === undefined;
/** Room for big runs by hand (a few ms per text on a loaded machine). */
const TIMEOUT_MS = Math.max(30_000, 5 * Math.max(ROUND_TRIP_TOTAL, MUTANT_TOTAL));


interface Checked {
  /** The watched call's answer (the unwatched one when there is no watch path). */
  accepted: boolean;
  /** Whether yaml reads the text without any error or warning. */
  yamlClean: boolean;
  /** Violations, each with the watch path of the call that broke the invariant. */
  failures: { watch: readonly string[] | undefined; why: string }[];
}

function check(text: string, watch: readonly string[] | undefined): Checked {
  let cached: Reference | undefined;
  const ref = () => (cached ??= reference(text, watch));
  const failures: Checked["failures"] = [];
  let accepted = false;
  for (const w of watch === undefined ? [undefined] : [undefined, watch]) {
    const outcome = runFast(text, w);
    const why = violation(text, w, outcome, ref);
    if (why) failures.push({ watch: w, why });
    if (w === watch) accepted = "accepted" in outcome && outcome.accepted;
  }
  return { accepted, yamlClean: ref().problems.length === 0, failures };
}

/** Whether `text` still breaks the invariant the same way (for shrinking). */
function failsAlike(text: string, watch: readonly string[] | undefined, kind: string): boolean {
  try {
    return check(text, watch).failures.some((f) => failureKind(f.why, f.watch) === kind);
  } catch {
    return false;
  }
}

/** What kind of failure a message describes, with the input's particulars left out. */
const failureKind = (why: string, watch: readonly string[] | undefined) => (watch ? why.replaceAll(JSON.stringify(watch), "…") : why).replace(/\$[^:]*:|"(?:[^"\\]|\\.)*"|\{[^}]*\}|\[[^\]]*\]|-?\d+/g, "…");

/** Greedy shrinking: drop lines, then single characters, while the same kind of failure remains. */
function shrink(text: string, watch: readonly string[] | undefined, kind: string): string {
  let best = text;
  let budget = 3_000;
  const attempt = (candidate: string) => {
    if (budget-- <= 0 || candidate === best) return false;
    if (!failsAlike(candidate, watch, kind)) return false;
    best = candidate;
    return true;
  };
  for (let progress = true; progress && budget > 0; ) {
    progress = false;
    const lines = best.split("\n");
    for (let i = lines.length - 1; i >= 0 && budget > 0; i--) {
      const current = best.split("\n");
      if (i >= current.length) continue;
      if (attempt([...current.slice(0, i), ...current.slice(i + 1)].join("\n"))) progress = true;
    }
    for (let i = best.length - 1; i >= 0 && budget > 0; i--) {
      if (i >= best.length) continue;
      if (attempt(best.slice(0, i) + best.slice(i + 1))) progress = true;
    }
  }
  return best;
}

/** Failures grouped by kind: how many, the shortest three inputs, and the shortest of them shrunk. */
class FailureLog {
  readonly kinds = new Map<string, { count: number; examples: { text: string; watch: readonly string[] | undefined; why: string }[] }>();
  failedTexts = 0;

  add(text: string, result: Checked): void {
    if (result.failures.length === 0) return;
    this.failedTexts++;
    for (const { watch, why } of result.failures) {
      const kind = failureKind(why, watch);
      const entry = this.kinds.get(kind) ?? { count: 0, examples: [] };
      entry.count++;
      entry.examples.push({ text, watch, why });
      entry.examples.sort((a, b) => a.text.length - b.text.length).splice(3);
      this.kinds.set(kind, entry);
    }
  }

  report(): string[] {
    return [...this.kinds].map(([kind, { count, examples }]) => {
      const call = (text: string, watch: readonly string[] | undefined) => `parseFastYaml(${JSON.stringify(text)}${watch ? `, ${JSON.stringify(watch)}` : ""})`;
      const first = examples[0]!;
      const shrunk = shrink(first.text, first.watch, kind);
      const shrunkWhy = check(shrunk, first.watch).failures.find((f) => failureKind(f.why, f.watch) === kind)?.why ?? first.why;
      return [
        `${count}× ${kind}`,
        `    shrunk: ${call(shrunk, first.watch)}: ${shrunkWhy}`,
        ...examples.map((e) => `    ${call(e.text, e.watch)}: ${e.why}`),
      ].join("\n");
    });
  }
}

// ---------------------------------------------------------------------------------------------
// 1. Round trips through yaml's stringifier.

const KEY_POOL: readonly string[] = [
  "a", "b", "name", "metadata", "spec", "kind", "x-y", "x.y", "a1", "with space", "two  spaces", " lead", "trail ",
  "#", "a#b", "a #b", "#x", ":", "a:b", "a: b", "a:", ":a", "-", "- x", "-x", "?", "? x", "?x", ",", "a,b", "[a]", "{a}", "]", "}",
  "'", "'q'", "a'b", "\"", "\"d\"", "a\"b", "\\", "a\\b", "é", "名前", "😀", "e\u0301", "\u00a0nbsp", "tab\there", "line\nbreak", "cr\rx",
  "1", "0", "-1", "1.5", "1e3", "0x1F", "0o17", ".inf", ".nan", "true", "True", "false", "null", "Null", "~", "yes", "no", "on",
  "", " ", "2026-11-27", "2026-11-27T02:00:00Z", "12:30", "&a", "*a", "!t", "|", ">", "%x", "@x", "`x", "<<", "__proto__", "---", "...",
  "k".repeat(100), "k".repeat(1000), "k".repeat(1030), "long key ".repeat(20),
];

const STRING_POOL: readonly string[] = [
  "", " ", "  ", "a", "hello world", "hello   world", " lead", "trail ", " both ", "lock-doors-device-1", "hubjobs/v1", "5s", "LockDoor",
  "null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "FALSE", "yes", "no", "on", "off", "y", "n",
  "0", "1", "-0", "+1", "007", "0o17", "0x1F", "1e3", "1E+2", ".5", "-.5", "1.", "3.25", "1_000", ".inf", "-.Inf", ".nan", "NaN", "Infinity", "12345678901234567890",
  "2026-11-27", "2026-11-27T02:00:00Z", "12:30", "12:30:45", "1:2", "a#b", "a #b", "#x", "x #", "a: b", "a:b", "a:", ":a", "- x", "-x", "-", "--", "---", "...", "--- x",
  "? x", "?x", ":", ",", "a, b", "[a]", "{a: 1}", "[", "]", "{", "}", "&a x", "*a", "!t x", "!!str", "|", "|-", ">", ">-", "%YAML", "@x", "`x", "<<",
  "'", "''", "'q'", "it's", "\"", "\"dq\"", "say \"hi\"", "\\", "a\\b", "\\n", "C:\\path\\x", "é", "名前", "😀", "😀 emoji", "e\u0301", "\u00a0", "x\u00a0y",
  "\u2028", "x\u2029y", "\u0085", "\ufeff", "\t", "a\tb", "tab\t", "\n", "a\nb", "a\n\nb", "a\n", "a\n\n", "\na", "  indented\nline", "line\n  more indented", "# not a comment\nx",
  "a\r\nb", "\r", "bell\u0007", "nul\u0000", "esc\u001b", "del\u007f", "x".repeat(90), "word ".repeat(30), "long-no-spaces-".repeat(8),
  "tags.Building = '43' AND tags.Floor = '2'", "SELECT * FROM devices WHERE properties.reported.fw < 2",
];

const CHAR_POOL: readonly string[] = [
  "a", "b", "z", "A", "0", "1", "9", " ", " ", " ", "#", ":", "-", "'", "\"", "\\", ",", "[", "]", "{", "}", "?", "!", "&", "*", "|", ">", "%", "@", "`", "~", ".",
  "\n", "\t", "é", "😀", "名", "\u00a0", "\u2028", "\r", "\u0085",
];

const NUMBER_POOL: readonly number[] = [
  0, -0, 1, -1, 2, 42, 100, 0.1, 0.5, -2.5, 3.14159, 1e21, 1e-7, -1e-7, 1.5e300, 5e-324, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 123456789012345680000,
  Number.MAX_SAFE_INTEGER, Number.MAX_VALUE, Number.MIN_VALUE, 1e100, 0.1 + 0.2,
];

const STRING_TYPES = ["PLAIN", "QUOTE_DOUBLE", "QUOTE_SINGLE", "BLOCK_LITERAL", "BLOCK_FOLDED"] as const;
const KEY_TYPES = [null, "PLAIN", "QUOTE_DOUBLE", "QUOTE_SINGLE"] as const;

type StringifyOptions = ToStringOptions & CreateNodeOptions;

interface RoundTripText {
  text: string;
  watch: readonly string[] | undefined;
}

function makeRoundTripGenerator(seed: number): { next: () => RoundTripText | undefined; stringifyErrors: () => number } {
  const rnd = seededRandom(seed);
  const chance = (p: number) => rnd() < p;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

  let paths: string[][] = [];
  let weird = 0; // this text's rate of unusual keys and values; 0 for about half the texts
  let shared: unknown[] = [];
  let stringifyErrors = 0;

  function randomString(): string {
    const n = int(1, 12);
    let s = "";
    for (let i = 0; i < n; i++) s += chance(0.6) ? pick(["a", "b", "x", "k", "1"]) : pick(CHAR_POOL);
    return s;
  }

  function key(): string {
    if (!chance(weird)) return pick(["a", "b", "c", "name", "metadata", "spec", "kind", "key", "x-y", "value", "deviceIds", "labels", "é"]);
    return chance(0.8) ? pick(KEY_POOL) : randomString();
  }

  function str(): string {
    if (!chance(weird)) return pick(["a", "hello world", "lock-doors-device-1", "LockDoor", "5s", "x-y", "Device-7", "2m", "hubjobs/v1", "after hours", "é", "😀"]);
    const r = rnd();
    if (r < 0.6) return pick(STRING_POOL);
    if (r < 0.9) return randomString();
    return pick(STRING_POOL) + pick(CHAR_POOL) + pick(STRING_POOL);
  }

  function num(): number | bigint {
    const r = rnd();
    if (r < 0.3) return int(-1000, 100000);
    if (r < 0.6) return pick(NUMBER_POOL);
    if (r < 0.75) return (rnd() - 0.5) * 10 ** int(-10, 25);
    if (r < 0.85 && chance(weird)) return pick([NaN, Infinity, -Infinity]);
    if (r < 0.9 && chance(weird)) return pick([12345678901234567890n, -1n, 0n, 2n ** 64n]);
    return int(0, 9);
  }

  function scalar(): unknown {
    const r = rnd();
    if (r < 0.55) return str();
    if (r < 0.8) return num();
    if (r < 0.9) return chance(0.5);
    return null;
  }

  function value(depth: number, at: string[]): unknown {
    if (shared.length > 0 && chance(weird * 0.05)) return pick(shared); // an anchor and an alias
    const r = rnd();
    if (depth >= 6 || r < 0.55) return scalar();
    const made = r < 0.8 ? map(depth + 1, at) : seq(depth + 1, at);
    if (chance(0.1)) shared.push(made);
    return made;
  }

  function map(depth: number, at: string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const n = chance(0.05) ? 0 : int(1, 5);
    for (let i = 0; i < n; i++) {
      const k = key();
      if (Object.hasOwn(out, k)) continue;
      const p = [...at, k];
      paths.push(p);
      // defineProperty: `__proto__` must be an own key, as yaml would make it.
      Object.defineProperty(out, k, { value: value(depth, p), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }

  function seq(depth: number, at: string[]): unknown[] {
    const n = chance(0.05) ? 0 : int(1, 4);
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const p = [...at, String(i)];
      paths.push(p);
      out.push(value(depth, p));
    }
    return out;
  }

  function options(): StringifyOptions {
    const o: StringifyOptions = {};
    if (chance(0.7)) o.indent = int(1, 4);
    if (chance(0.5)) o.indentSeq = chance(0.5);
    if (chance(0.5)) o.lineWidth = pick([0, 20, 80]);
    if (chance(0.3)) o.minContentWidth = pick([0, 5, 20, 40]);
    if (chance(0.5)) o.defaultStringType = pick(STRING_TYPES);
    if (chance(0.4)) o.defaultKeyType = pick(KEY_TYPES);
    if (chance(0.3)) o.flowCollectionPadding = chance(0.5);
    if (chance(0.5)) o.collectionStyle = pick(["any", "any", "block", "flow"] as const);
    if (chance(0.2)) o.doubleQuotedAsJSON = chance(0.5);
    if (chance(0.2)) o.doubleQuotedMinMultiLineLength = pick([0, 10, 40]);
    if (chance(0.3)) o.singleQuote = pick([true, false, null]);
    if (chance(0.3)) o.nullStr = pick(["null", "Null", "NULL", "~", ""]);
    if (chance(0.3)) o.trueStr = pick(["true", "True", "TRUE"]);
    if (chance(0.3)) o.falseStr = pick(["false", "False", "FALSE"]);
    if (chance(0.2)) o.simpleKeys = chance(0.5);
    if (chance(0.15)) o.blockQuote = pick([true, false, "folded", "literal"] as const);
    if (chance(0.1)) o.trailingComma = chance(0.5);
    if (chance(0.1)) o.directives = pick([true, false, null]);
    if (chance(0.1)) o.aliasDuplicateObjects = false;
    return o;
  }

  function documentText(): string | undefined {
    shared = [];
    const r = rnd();
    // Mostly what manifests are, a mapping; sometimes a sequence or a scalar at the root.
    const root = r < 0.85 ? map(0, []) : r < 0.93 ? seq(0, []) : scalar();
    try {
      return stringify(root, options());
    } catch {
      stringifyErrors++;
      return undefined;
    }
  }

  function next(): RoundTripText | undefined {
    paths = [];
    weird = chance(0.45) ? 0 : pick([0.05, 0.15, 0.3, 0.6]);
    const count = chance(0.75) ? 1 : int(2, 4);
    const docs: string[] = [];
    for (let i = 0; i < count; i++) {
      const doc = documentText();
      if (doc === undefined) return undefined;
      docs.push(doc);
    }
    let text = docs.join(chance(0.9) ? "---\n" : "--- # next\n");
    if (chance(0.2)) {
      // Comment lines (and now and then a trailing comment or a blank line) between the lines.
      const lines = text.split("\n");
      for (let i = lines.length; i >= 0; i--) {
        const r = rnd();
        if (r < 0.06) lines.splice(i, 0, `${" ".repeat(int(0, 6))}#${chance(0.8) ? " " : ""}${pick(["note", "k: v", "- x", "'", "😀", ""])}`);
        else if (r < 0.09) lines.splice(i, 0, " ".repeat(int(0, 4)));
        else if (r < 0.12 && i < lines.length && lines[i] !== "") lines[i] += `${pick([" ", "  "])}# trailing`;
      }
      text = lines.join("\n");
    }
    if (chance(0.1)) text = text.replace(/\n$/, "");
    if (chance(0.15)) text = text.replaceAll("\n", "\r\n");
    let watch = chance(0.1) || paths.length === 0 ? undefined : chance(0.9) ? pick(paths) : [pick(["a", "name", "metadata"]), ...(chance(0.5) ? ["0"] : [])];
    // Half the time a sequence index is written another way ("00", "+0", "1e0"...), which yaml's
    // getIn reads as that index too (Number(step)).
    if (watch !== undefined && chance(0.5)) watch = watch.map((segment) => (/^\d+$/.test(segment) ? oddIndex(segment) : segment));
    return { text, watch };
  }

  /** The same sequence index written another way, which yaml's getIn reads as that index too (Number(segment)). */
  function oddIndex(segment: string): string {
    const i = Number(segment);
    return pick([`0${i}`, `+${i}`, ` ${i}`, `${i} `, `${i}.0`, `${i}e0`, `0x${i.toString(16)}`]);
  }

  return { next, stringifyErrors: () => stringifyErrors };
}

// ---------------------------------------------------------------------------------------------
// 2. Mutants of real manifests.



const CORPUS_FILES = [...yamlFilesUnder(path.join(ROOT, "jobs")), ...yamlFilesUnder(path.join(ROOT, "test/fixtures"))];
const CORPUS: readonly string[] = CORPUS_FILES.map((file) => readFileSync(file, "utf8"));

const INSERTIONS = [" ", "\n", ":", "-", "#", "'", '"', "[", "]", "{", "}", ",", "|", ">", "&", "*", "!", "?", "\t", "\r", "\\", "%", "@", "`", "0", "~"];

const MUTATIONS = ["delete char", "duplicate char", "insert char", "swap lines", "indent line", "dedent line", "duplicate line", "delete line"] as const;
type Mutation = (typeof MUTATIONS)[number];

function makeMutantGenerator(seed: number): () => { text: string; mutations: Mutation[] } {
  const rnd = seededRandom(seed);
  const chance = (p: number) => rnd() < p;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

  function base(): string {
    const r = rnd();
    if (r < 0.5) return pick(CORPUS);
    const start = int(0, 299);
    const count = r < 0.85 ? 1 : int(2, 3);
    return Array.from({ length: count }, (_, i) => documentText(start + i)).join("---\n");
  }

  function mutate(text: string, mutation: Mutation): string {
    const at = int(0, Math.max(0, text.length - 1));
    switch (mutation) {
      case "delete char":
        return text.slice(0, at) + text.slice(at + 1);
      case "duplicate char":
        return text.slice(0, at) + text.slice(at, at + 1) + text.slice(at);
      case "insert char":
        return text.slice(0, at) + pick(INSERTIONS) + text.slice(at);
      default:
        break;
    }
    const lines = text.split("\n");
    const i = int(0, Math.max(0, lines.length - 1));
    const line = lines[i] ?? "";
    switch (mutation) {
      case "swap lines":
        if (i + 1 < lines.length) [lines[i], lines[i + 1]] = [lines[i + 1]!, line];
        break;
      case "indent line":
        lines[i] = " ".repeat(int(1, 2)) + line;
        break;
      case "dedent line": {
        const spaces = /^ */.exec(line)![0].length;
        lines[i] = line.slice(Math.min(spaces, int(1, 2)));
        break;
      }
      case "duplicate line":
        lines.splice(i, 0, line);
        break;
      case "delete line":
        lines.splice(i, 1);
        break;
    }
    return lines.join("\n");
  }

  return () => {
    let text = base();
    const mutations: Mutation[] = [];
    const n = int(1, 3);
    for (let m = 0; m < n; m++) {
      const mutation = pick(MUTATIONS);
      mutations.push(mutation);
      text = mutate(text, mutation);
    }
    if (chance(0.05)) text = text.replaceAll("\n", "\r\n");
    return { text, mutations };
  };
}

// ---------------------------------------------------------------------------------------------

const percent = (n: number, total: number) => `${((100 * n) / Math.max(1, total)).toFixed(1)}%`;

describe("parseFastYaml beyond the grammar fuzz", () => {
  it("finds its corpus", () => {
    expect(CORPUS_FILES.filter((f) => f.includes(`${path.sep}jobs${path.sep}`)).length).toBeGreaterThanOrEqual(4);
    expect(CORPUS_FILES.filter((f) => f.includes(`${path.sep}fixtures${path.sep}`)).length).toBeGreaterThanOrEqual(10);
  });

  it(`keeps the invariant on ${ROUND_TRIP_TOTAL} texts written by yaml's stringifier with random options (seed ${SEED})`, () => {
    const generator = makeRoundTripGenerator(SEED);
    const log = new FailureLog();
    let texts = 0;
    let accepted = 0;
    let yamlClean = 0;
    let cleanRefused = 0;
    while (texts < ROUND_TRIP_TOTAL) {
      const generated = generator.next();
      if (generated === undefined) continue;
      texts++;
      const result = check(generated.text, generated.watch);
      log.add(generated.text, result);
      if (result.accepted) accepted++;
      if (result.yamlClean) yamlClean++;
      if (result.yamlClean && !result.accepted) cleanRefused++;
    }
    const refused = texts - accepted;
    console.log(
      `fast-yaml round trips (seed ${SEED}): ${texts} texts, ${accepted} accepted (${percent(accepted, texts)}), ${refused} refused (${percent(refused, texts)}); ` +
        `${yamlClean} clean for yaml, ${cleanRefused} of them refused; ${generator.stringifyErrors()} values yaml would not stringify; ${log.failedTexts} breaking the invariant`,
    );
    expect(log.report(), `${log.failedTexts} of ${texts} round-trip texts break the invariant; by kind, the shortest input shrunk, then the three shortest`).toEqual([]);
    if (DEFAULT_RUN) expect(accepted / texts).toBeGreaterThanOrEqual(0.2);
  }, TIMEOUT_MS);

  it(`keeps the invariant on ${MUTANT_TOTAL} mutants of the repository's manifests and the benchmark's documents (seed ${SEED})`, () => {
    const next = makeMutantGenerator(SEED);
    const watch = ["metadata", "name"] as const;
    const log = new FailureLog();
    let accepted = 0;
    let yamlClean = 0;
    const byMutation = new Map<Mutation, { texts: number; accepted: number }>();
    for (let n = 0; n < MUTANT_TOTAL; n++) {
      const { text, mutations } = next();
      const result = check(text, watch);
      log.add(text, result);
      if (result.accepted) accepted++;
      if (result.yamlClean) yamlClean++;
      if (mutations.length === 1) {
        const entry = byMutation.get(mutations[0]!) ?? { texts: 0, accepted: 0 };
        entry.texts++;
        if (result.accepted) entry.accepted++;
        byMutation.set(mutations[0]!, entry);
      }
    }
    const refused = MUTANT_TOTAL - accepted;
    const single = [...byMutation].map(([m, { texts, accepted: a }]) => `${m} ${percent(a, texts)}`).join(", ");
    console.log(
      `fast-yaml mutants (seed ${SEED}): ${MUTANT_TOTAL} texts, ${accepted} accepted (${percent(accepted, MUTANT_TOTAL)}), ${refused} refused (${percent(refused, MUTANT_TOTAL)}); ` +
        `${yamlClean} clean for yaml; ${log.failedTexts} breaking the invariant; accepted after a single mutation: ${single}`,
    );
    expect(log.report(), `${log.failedTexts} of ${MUTANT_TOTAL} mutants break the invariant; by kind, the shortest input shrunk, then the three shortest`).toEqual([]);
    if (DEFAULT_RUN) {
      expect(accepted / MUTANT_TOTAL).toBeGreaterThanOrEqual(0.2);
      expect(refused / MUTANT_TOTAL).toBeGreaterThanOrEqual(0.1);
    }
  }, TIMEOUT_MS);
});
