// Kept only for src/blast/for-plan.ts, which still imports OutputStream from here: the one
// definition is src/cli/io.ts's. Delete this file once that import points at "../cli/io.ts".
export type { OutputStream } from "../io.ts";
