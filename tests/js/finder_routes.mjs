// Runs the finder's routing (docs/assets/js/tools/finder-logic.js, the module the page uses) over answer sets,
// for tests/test_finder_routing.py to compare with the Python reading of content/finder.yaml.
//
//   node tests/js/finder_routes.mjs RULES.json AS_OF < [{answers}, ...]  ->  [{screens, asked, open, problems}]
import fs from "node:fs";

import { createFinder } from "../../docs/assets/js/tools/finder-logic.js";

const [rulesPath, asOf] = process.argv.slice(2);
const rules = JSON.parse(fs.readFileSync(rulesPath, "utf8"));
const finder = createFinder(rules.finder, rules, asOf);
const cases = JSON.parse(fs.readFileSync(0, "utf8"));
const out = cases.map((answers) => {
  const screens = finder.activeScreens(answers);
  return {
    screens: screens.map((s) => s.id),
    asked: finder.activeAnswers(answers),
    open: finder.firstOpen(answers),
    problems: Object.fromEntries(screens.map((s) => [s.id, finder.screenProblem(s, answers)])),
  };
});
process.stdout.write(JSON.stringify(out));
