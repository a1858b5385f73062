import { describe, expect, it } from "vitest";
import { RouteTable } from "../../../src/emulator/http/route-table.ts";

const table = new RouteTable([
  { method: "GET", pattern: "/jobs/v2/{id}", name: "get" },
  { method: "GET", pattern: "/jobs/v2/query", name: "query" },
  { method: "POST", pattern: "/jobs/v2/{id}/cancel", name: "cancel" },
]);

describe("RouteTable", () => {
  it("prefers literal segments over placeholders whatever the order of definition", () => {
    const m = table.match("GET", "/jobs/v2/query");
    expect(m.kind === "found" && m.route.name).toBe("query");
  });
  it("captures URL-decoded parameters", () => {
    const m = table.match("POST", "/jobs/v2/a%20b%2Fc/cancel");
    expect(m).toMatchObject({ kind: "found", params: { id: "a b/c" } });
  });
  it("tells a wrong method from an unknown path", () => {
    expect(table.match("DELETE", "/jobs/v2/x")).toEqual({ kind: "wrong-method", allowed: ["GET"] });
    expect(table.match("GET", "/jobs/v2/x/y/z")).toEqual({ kind: "none" });
    expect(table.match("GET", "/jobs/v2/%E0%A4%A")).toEqual({ kind: "none" });
  });
});
