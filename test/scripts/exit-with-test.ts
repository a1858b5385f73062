// Loaded with `node --import` into processes a test starts as real processes of their own (another
// clone's hub): they end when the test process ends, however it ends.
import { exitWithParent } from "../../src/util/exit-with-parent.ts";

exitWithParent();
