const load = new Function("url", "return import(url)") as (u: string) => Promise<any>;
const m = await load(new URL("../src/provider/canonical.ts", import.meta.url).href);
console.log(m.canonicalJson({b:1,a:2}));
