import { describe, expect, it } from "vitest";
import { githubAnnotation } from "../../src/cli/github-annotations.ts";
import type { Problem } from "../../src/manifest/index.ts";

const problem = (over: Partial<Problem>): Problem => ({
  code: "E_SCHEMA_TYPE", severity: "error", file: "jobs/a.yaml", line: 3, column: 5, pointer: "", message: "m", ...over,
});

describe("githubAnnotation", () => {
  it("escapes %, CR and LF in the message and also ':' and ',' in properties", () => {
    expect(githubAnnotation(problem({ file: "jobs/a,b:c.yaml", message: "50% done\r\nnext: a,b" })))
      .toBe("::error file=jobs/a%2Cb%3Ac.yaml,line=3,col=5,title=E_SCHEMA_TYPE::50%25 done%0D%0Anext: a,b");
  });

  it("leaves out line and column for a problem about a whole path, and keeps warnings warnings", () => {
    expect(githubAnnotation(problem({ severity: "warning", code: "E_NO_MANIFESTS", line: 0, column: 0 })))
      .toBe("::warning file=jobs/a.yaml,title=E_NO_MANIFESTS::m");
  });
});
