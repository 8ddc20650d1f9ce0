// Markdown descriptions of schema entries, shared by hover and completion.
import type { LayerDef } from './schema/layers';
import type { SettingDef } from './schema/settings';
import type { ChoiceDef, OptionDef } from './schema/types';
import { defaultText, describeType } from './schema/types';

export function optionDoc(def: OptionDef): string {
  const dflt = defaultText(def);
  const facts = [`${describeType(def.type)}`, def.required ? 'required' : dflt !== undefined ? `default ${dflt}` : ''].filter(Boolean);
  const aliases = def.aliases?.length ? ` (also ${def.aliases.join(', ')})` : '';
  return `**${def.name}**${aliases} — ${def.doc} _${facts.join('; ')}_`;
}

function optionList(defs: readonly OptionDef[]): string {
  return defs.map((d) => `- ${optionDoc(d)}`).join('\n');
}

export function layerDoc(def: LayerDef): string {
  const args = [...def.schema.positional, ...def.schema.options];
  return [
    `**${def.name}** — ${def.doc}`,
    '',
    '```mlab\n' + def.example + '\n```',
    `PyTorch: \`${def.pytorch}\``,
    ...(args.length ? ['', optionList(args)] : []),
    ...(def.schema.activation ? ['', 'May end with an activation: relu, leaky_relu, elu, gelu, sigmoid, tanh, softmax.'] : []),
  ].join('\n');
}

export function choiceDoc(def: ChoiceDef, what: string): string {
  const args = [...def.schema.positional, ...def.schema.options];
  return [
    `**${def.name}** (${what}) — ${def.doc}`,
    ...(def.example ? ['', '```mlab\n' + def.example + '\n```'] : []),
    ...(args.length ? ['', optionList(args)] : []),
  ].join('\n');
}

export function settingDoc(def: SettingDef): string {
  const dflt = def.required ? 'required' : def.defaultText ? `default ${def.defaultText}` : '';
  const values =
    def.value.kind === 'choice'
      ? `One of: ${def.value.choices.map((c) => c.name).join(', ')}.`
      : optionList([...def.value.schema.positional, ...def.value.schema.options]);
  return [`**${def.key}** — ${def.doc}${dflt ? ` _${dflt}_` : ''}`, '', '```mlab\n' + def.example + '\n```', '', values].join('\n');
}
