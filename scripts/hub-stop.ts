// `npm run hub:stop`: stops the embedded hub that `npm start` left running in the background.
import { HUB_URL, stopHub } from "./lib/hub-process.ts";

const stopped = await stopHub();
console.log(stopped ? `Stopped the embedded hub at ${HUB_URL}` : "No embedded hub started by npm start is running");
