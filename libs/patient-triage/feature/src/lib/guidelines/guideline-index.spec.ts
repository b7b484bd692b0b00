import { GUIDELINE_CORPUS } from './guideline-corpus';
import { GuidelineIndex } from './guideline-index';
import { processGuidelineTerm } from './guideline-terms';

const index = new GuidelineIndex();
const top3 = (complaint: string) =>
  index.retrieve(complaint, { k: 3, tokenBudget: 1_000 }).map((hit) => hit.snippet.id);

describe('the guideline corpus', () => {
  it('holds at least 40 snippets with unique ids, titles, triggers and short texts', () => {
    expect(GUIDELINE_CORPUS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(GUIDELINE_CORPUS.map((snippet) => snippet.id)).size).toBe(GUIDELINE_CORPUS.length);
    for (const snippet of GUIDELINE_CORPUS) {
      expect(snippet.id).toMatch(/^gl-[a-z0-9-]+$/);
      expect(snippet.triggers.length).toBeGreaterThan(0);
      expect(snippet.text.length).toBeLessThan(400);
    }
  });
});

describe('guideline retrieval', () => {
  // The top 3 for 20 complaints, pinned: a change to the corpus, the boosts or the term
  // processing that moves one shows here first.
  it.each([
    ['Crushing chest pain radiating to the left arm', ['gl-acs', 'gl-aortic', 'gl-stemi']],
    ['CP and SOB since this morning', ['gl-acs', 'gl-pe', 'gl-asthma']],
    ['Facial droop and slurred speech for an hour', ['gl-stroke', 'gl-dizziness', 'gl-burns']],
    ['Fever and chills, on chemotherapy', ['gl-neutropenic-fever', 'gl-sepsis', 'gl-paediatric-fever']],
    ['Asthma attack, inhaler not helping', ['gl-asthma', 'gl-copd', 'gl-dyspnoea']],
    ['Throat swelling after eating peanuts', ['gl-anaphylaxis', 'gl-allergic-reaction', 'gl-sore-throat']],
    ['Abdominal pain in the right lower side', ['gl-appendicitis', 'gl-abdominal-pain', 'gl-ectopic']],
    ['Vomiting blood', ['gl-gi-bleed', 'gl-dka', 'gl-gastroenteritis']],
    ['Seven weeks pregnant with vaginal bleeding', ['gl-vaginal-bleeding', 'gl-ectopic', 'gl-haemorrhage']],
    ['Hit my head, on warfarin', ['gl-head-injury-anticoagulated', 'gl-head-injury', 'gl-major-trauma']],
    ['Wants to kill myself', ['gl-suicidal-ideation']],
    ['Baby 3 weeks old with fever', ['gl-paediatric-fever', 'gl-neutropenic-fever', 'gl-meningitis']],
    ['High blood sugar, vomiting, deep rapid breathing', ['gl-dka', 'gl-gastroenteritis', 'gl-gi-bleed']],
    ['Had a seizure, now awake', ['gl-seizure', 'gl-status-epilepticus', 'gl-hypoglycaemia']],
    ['Fainted at church', ['gl-syncope', 'gl-bradycardia']],
    ['Rollover crash, ejected', ['gl-major-trauma']],
    ['Burns to face from a kitchen fire', ['gl-burns']],
    ['Dolor de pecho y falta de aire', ['gl-acs', 'gl-dyspnoea', 'gl-pe']],
    ['Me torcí el tobillo', ['gl-ankle']],
    ['Sore throat for two days, denies chest pain', ['gl-sore-throat', 'gl-aortic', 'gl-acs']],
  ])('%j -> %j', (complaint, expected) => {
    expect(top3(complaint)).toEqual(expected);
  });

  it('ranks the same way every time and breaks score ties by id', () => {
    const twins = new GuidelineIndex([
      { id: 'gl-b', title: 'Twin', triggers: ['wheezing'], text: 'same text' },
      { id: 'gl-a', title: 'Twin', triggers: ['wheezing'], text: 'same text' },
    ]);
    const first = twins.retrieve('wheezing');
    expect(first.map((hit) => hit.snippet.id)).toEqual(['gl-a', 'gl-b']);
    expect(first[0]?.score).toBe(first[1]?.score);
    expect(twins.retrieve('wheezing')).toEqual(first);
  });

  it('keeps within the token budget, skipping a snippet that would overflow for the next that fits', () => {
    const all = index.retrieve('Crushing chest pain radiating to the left arm', { k: 3, tokenBudget: 1_000 });
    const [first, second, third] = all.map((hit) => hit.tokens) as [number, number, number];
    const tight = index.retrieve('Crushing chest pain radiating to the left arm', { k: 3, tokenBudget: first + third });
    expect(tight.map((hit) => hit.snippet.id)).toEqual(
      second > third ? ['gl-acs', 'gl-stemi'] : ['gl-acs', 'gl-aortic'],
    );
    expect(tight.reduce((sum, hit) => sum + hit.tokens, 0)).toBeLessThanOrEqual(first + third);
    expect(index.retrieve('chest pain', { k: 3, tokenBudget: 10 })).toEqual([]);
  });

  it("uses the extractor's synonyms: an abbreviation and a Spanish phrase reach the same snippet", () => {
    expect(processGuidelineTerm('SOB')).toEqual(['sob', 'fxshortnessofbreath']);
    expect(processGuidelineTerm('sob')).toEqual(['sob']);
    expect(processGuidelineTerm('the')).toBeNull();
    expect(top3('CP')[0]).toBe('gl-acs');
    expect(top3('dolor torácico')[0]).toBe('gl-acs');
  });
});
