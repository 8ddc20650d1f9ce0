// Generates the small sequence data sets under samples/data/text/ (genesis-kjv.txt is extracted, not
// generated: see samples/data/text/README.md). Deterministic (a seeded generator), so running it
// again rewrites the same bytes.
//   node scripts/make-text-data.mjs
//
// reviews.csv: 2,000 one-sentence film reviews, labelled pos / neg, from a template grammar:
//   REVIEW  := CLAUSE | CLAUSE ", but " CLAUSE | OPENER CLAUSE
//   CLAUSE  := SUBJECT " " VERB " " [INTENSIFIER " "] ["not "] ADJECTIVE
// The label is the sentiment of the last clause ("but" turns it); "not" flips an adjective, so
// "not bad" is positive and "not good" negative: a bag of words cannot read every review, word
// order and negation matter. Words are drawn uniformly, labels are balanced by construction.
// series.csv: 3,000 hourly rows of a noisy seasonal signal: temp = 12 + 6 sin(2πt/24) +
// 3 sin(2πt/168) + 0.001 t + N(0, 0.8²); humidity follows temp inversely with its own noise.
import { writeFileSync } from 'node:fs';

const OUT = new URL('../samples/data/text/', import.meta.url).pathname;

function mulberry32(a) {
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(20261201);
const pick = (a) => a[Math.floor(rand() * a.length)];
const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());

const SUBJECTS = [
  'the film',
  'this movie',
  'the plot',
  'the acting',
  'the ending',
  'the soundtrack',
  'the script',
  'the cast',
  'the story',
  'the direction',
  'the dialogue',
  'the pacing',
];
const VERBS = ['is', 'was', 'felt', 'seemed'];
const INTENSIFIERS = ['really', 'very', 'quite', 'truly', 'rather', 'so'];
const GOOD = ['good', 'great', 'wonderful', 'moving', 'clever', 'brilliant', 'charming', 'funny', 'gripping', 'beautiful'];
const BAD = ['bad', 'boring', 'dull', 'awful', 'clumsy', 'weak', 'tedious', 'silly', 'flat', 'predictable'];
const OPENERS = ['honestly, ', 'overall, ', 'in the end, ', 'i think ', 'to be fair, '];

/** A clause of the wanted sentiment (true: positive) and its text. */
function clause(positive) {
  const negated = rand() < 0.3;
  const adjective = pick(positive !== negated ? GOOD : BAD);
  const intensifier = !negated && rand() < 0.4 ? `${pick(INTENSIFIERS)} ` : '';
  return `${pick(SUBJECTS)} ${pick(VERBS)} ${intensifier}${negated ? 'not ' : ''}${adjective}`;
}

function review(positive) {
  const form = rand();
  if (form < 0.3) return `${clause(!positive)}, but ${clause(positive)}`;
  if (form < 0.5) return `${pick(OPENERS)}${clause(positive)}`;
  return clause(positive);
}

const rows = ['review,sentiment'];
for (let i = 0; i < 2000; i++) {
  const positive = i % 2 === 0;
  rows.push(`"${review(positive)}.",${positive ? 'pos' : 'neg'}`);
}
writeFileSync(`${OUT}reviews.csv`, `${rows.join('\n')}\n`);

const series = ['hour,temp,humidity'];
for (let t = 0; t < 3000; t++) {
  const temp = 12 + 6 * Math.sin((2 * Math.PI * t) / 24) + 3 * Math.sin((2 * Math.PI * t) / 168) + 0.001 * t + 0.8 * gauss();
  const humidity = 70 - 2.5 * (temp - 12) + 3 * gauss();
  series.push(`${t},${temp.toFixed(2)},${humidity.toFixed(1)}`);
}
writeFileSync(`${OUT}series.csv`, `${series.join('\n')}\n`);
