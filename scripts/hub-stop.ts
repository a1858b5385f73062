// `npm run hub:stop`: stops the embedded hub that `npm start` left running in the background.
import { hubIdentity } from "./lib/hub-ownership.ts";
import { HUB_URL, stopHub } from "./lib/hub-process.ts";

const stopped = await stopHub();
if (stopped) {
  console.log(`Stopped the embedded hub at ${HUB_URL}`);
} else {
  // A hub this clone did not start may still answer there: say whose it is rather than nothing.
  const other = await hubIdentity(HUB_URL);
  const whose = other ? `; the hub at ${HUB_URL} is another one (pid ${other.pid}, data in ${other.dataDir ?? "memory"}): stop it where it was started, or with \`kill ${other.pid}\`` : "";
  console.log(`No embedded hub started by this clone's npm start is running${whose}`);
}
