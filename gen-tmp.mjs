import { createGenerator, ExposeNodeParser, symbolAtNode } from 'ts-json-schema-generator';
const orig = ExposeNodeParser.prototype.getDefinitionName;
ExposeNodeParser.prototype.getDefinitionName = function (node, context) {
  const name = orig.call(this, node, context);
  const full = this.typeChecker.getFullyQualifiedName(symbolAtNode(node));
  const m = /^"[^"]*\/resources\/([A-Za-z]+)\/[^"/]+"\./.exec(full);
  return m ? `${m[1]}.${name}` : name;
};
const gen = createGenerator({ path: 'node_modules/stripe/esm/resources/Charges.d.ts', skipTypeCheck: true, type: 'Charge', expose: 'all', topRef: true, jsDoc: 'none', additionalProperties: true });
for (const t of process.argv.slice(2)) {
  const t1 = Date.now();
  try { const s = gen.createSchema(t);
  console.log(t, 'ok', Date.now()-t1, Object.keys(s.definitions).length, JSON.stringify(s).length);
  } catch (e) { console.log(t, 'FAIL', Date.now()-t1, e.message, JSON.stringify(e.definition)); }
}
