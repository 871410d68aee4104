// A cohort of the shape real people make, hostile to a layout: long unbroken
// names and ids, long URLs in evidence, notes and reviews, emoji sequences,
// Korean without spaces, a wide Markdown table in a note, 200 learners (some
// private), and one mentor with 40 of them (several blocked, many awaiting
// review). Written into a copy of the example project.

import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT, copyProject } from './site.mjs';

/** 60 characters, no break opportunity: a learner id and a mentor id. */
export const LONG_ID = 'wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewis';
/** The mentor with 40 learners. */
export const BIG_MENTOR = 'm' + LONG_ID.slice(1);
export const LEARNERS = 200;
export const BIG_QUEUE = 40;

const NAMES = [
  'Hubert Wolfeschlegelsteinhausenbergerdorff',
  'Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaft',
  '김수한무거북이와두루미삼천갑자동방삭치치카포사리사리센타워리워리세브리캉무드셀라구름이',
  '🧑🏽‍💻👩‍👩‍👧‍👦🏳️‍🌈🇰🇷 Ünïcødé Émøjì',
  'Pablo Diego José Francisco de Paula Juan Nepomuceno María de los Remedios Cipriano de la Santísima Trinidad Ruiz y Picasso',
  '김개발',
  'Ana',
  'O’Neill-Fitzgerald, Siobhán',
];

/** The first tasks of the example roadmap, in order; * needs a review. */
const TASKS = [
  'terraform-vpc/aws-setup', 'terraform-vpc/remote-state*', 'terraform-vpc/vpc*', 'terraform-vpc/bastion',
  'terraform-vpc/modules*', 'terraform-vpc/module-quality', 'docker/lab-app', 'docker/dockerfile',
  'docker/multi-stage*', 'docker/compose', 'docker/ecr-push', 'docker/ec2-run*', 'ci-cd/ci-test', 'ci-cd/oidc*',
  'ci-cd/image-build', 'ci-cd/cd-deploy*', 'ci-cd/rollback*',
];

const URL_LONG =
  'https://github.com/wolfeschlegelsteinhausenbergerdorff/infrastructure-as-code-terraform-modules-for-the-platform-team/pull/123456789/files?diff=split&w=1&very_long_query_parameter_name=abcdefghijklmnopqrstuvwxyz0123456789';

const NOTES = [
  `\`terraform apply\` fails with **AccessDenied** 🙏 권한이없어서막혔습니다 — see ${URL_LONG}`,
  'ECR에 push하면 `denied: Your authorization token has expired. Reauthenticate and try again.`가 나옵니다. 🧑🏽‍💻👩‍👩‍👧‍👦',
  [
    '| environment | endpoint | state |',
    '|---|---|---|',
    `| production-ap-northeast-2-wolfeschlegelsteinhausenbergerdorff | ${URL_LONG} | 🔥🔥🔥 |`,
    '| staging | https://staging.example.com/health | ✅ |',
  ].join('\n'),
  `Notes: ${LONG_ID}${LONG_ID} and \`${LONG_ID}.${LONG_ID}\``,
];

/** Why the cohort cannot be made in the project under test (false when it can): it records the example roadmap's tasks and mentors. */
export const OTHER = (() => {
  const file = (name) => (existsSync(join(PROJECT, 'roadmap', name)) ? readFileSync(join(PROJECT, 'roadmap', name), 'utf8') : '');
  const roadmap = file('roadmap.yaml');
  const cohort = file('cohort.yaml');
  const missing = [
    ...TASKS.map((t) => t.replace('*', '').split('/')[1]).filter((id) => !new RegExp(`id: ${id}$`, 'm').test(roadmap)),
    ...['lee', 'han'].filter((id) => !new RegExp(`id: ${id}$`, 'm').test(cohort)),
  ];
  return missing.length > 0 && `the hostile cohort is made of the example's tasks and mentors (${PROJECT} has no ${missing.join(', ')})`;
})();

function day(n) {
  const d = new Date(Date.UTC(2026, 9, 5) + n * 86_400_000);
  return d.toISOString().slice(0, 10);
}

const q = (s) => JSON.stringify(s);

function learnerYaml(i) {
  const mentor = i < BIG_QUEUE ? BIG_MENTOR : ['lee', 'han', null][i % 3];
  const name = NAMES[i % NAMES.length] + (i >= NAMES.length ? ` ${i}` : '');
  const lines = [`name: ${q(name)}`];
  if (mentor) lines.push(`mentor: ${mentor}`);
  if (i % 4 === 1) lines.push(`github: ${q(`wolfeschlegel${i}-steinhausenbergerdorff`.slice(0, 39))}`);
  if (i % 25 === 3) lines.push('private: true');
  lines.push('progress:');
  const done = i === 0 ? 12 : (i * 7) % 17;
  for (let k = 0; k < done; k++) {
    const [task, star] = [TASKS[k].replace('*', ''), TASKS[k].endsWith('*')];
    lines.push(`  ${task}:`, '    status: done', `    started: ${day(2 * k)}`, `    finished: ${day(2 * k + 1)}`, `    hours: ${(k % 4) + 1}`);
    if (star) {
      lines.push(`    evidence: [${q(`${URL_LONG}&learner=${i}`)}, ${q(`https://github.com/${LONG_ID}/${LONG_ID}/pull/${k}`)}]`);
      if ((i + k) % 5 === 0) lines.push('    reviews:', `      - {by: ${mentor ?? 'lee'}, date: ${day(2 * k + 3)}, verdict: approved, comment: ${q(`좋습니다 👍 ${URL_LONG}`)}}`);
      else if ((i + k) % 11 === 0) lines.push('    reviews:', `      - {by: ${mentor ?? 'lee'}, date: ${day(2 * k + 3)}, verdict: changes, comment: ${q(NOTES[3])}}`);
    }
    if ((i + k) % 9 === 0) lines.push(`    note: ${q(NOTES[(i + k) % NOTES.length])}`);
  }
  if (done < TASKS.length) {
    const task = TASKS[done].replace('*', '');
    if (i % 7 === 0) {
      lines.push(`  ${task}:`, '    status: blocked', `    started: ${day(2 * done)}`, `    blocked: ${day(2 * done)}`, `    note: ${q(NOTES[i % 2])}`);
    } else if (i % 3 === 0) {
      lines.push(`  ${task}: {status: doing, started: ${day(2 * done)}}`);
    }
  }
  if (i % 10 === 0) {
    lines.push('journal:', `  - {date: ${day(3)}, hours: 2, note: ${q(NOTES[2])}}`, `  - {date: ${day(9)}, hours: 1.5, note: ${q(NOTES[0])}}`);
  }
  return lines.join('\n') + '\n';
}

/** The file name (id) of learner `i`. */
export function learnerId(i) {
  return i === 1 ? LONG_ID : `l${String(i).padStart(3, '0')}`;
}

/** A scratch project with the hostile cohort; remove it with removeDir. */
export function hostileProject() {
  const dir = copyProject();
  const cohort = join(dir, 'roadmap', 'cohort.yaml');
  const text = readFileSync(cohort, 'utf8').replace(
    /^title: .*$/m,
    'title: "DevOps 스터디 3기 — Platform Engineering for Wolfeschlegelsteinhausenbergerdorff"\n' +
      'repo: wolfeschlegelsteinhausenbergerdorf/devops-study-platform-engineering',
  );
  writeFileSync(
    cohort,
    text.trimEnd() +
      `\n  - id: ${BIG_MENTOR}\n    name: ${q('Hubert Blaine Wolfeschlegelsteinhausenbergerdorff Sr. 🧑🏽‍💻')}\n    github: wolfeschlegelsteinhausenbergerdorf\n`,
  );
  const learners = join(dir, 'roadmap', 'learners');
  for (const f of readdirSync(learners)) rmSync(join(learners, f));
  for (let i = 0; i < LEARNERS; i++) writeFileSync(join(learners, `${learnerId(i)}.yaml`), learnerYaml(i));
  return dir;
}
