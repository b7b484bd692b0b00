/**
 * Where a rule comes from. `v4` cites the AHRQ ESI v4 implementation handbook (2012 edition),
 * which we follow; `enaV5` says how the ENA's ESI v5 handbook (2023) differs. We checked v5's
 * chapter titles (B "High-Risk Presentation?", D "High-Risk Vital Signs?") but not its full
 * text: where we could not check a threshold, the note says so instead of guessing.
 */
export interface HandbookNote {
  readonly v4: string;
  readonly enaV5: string;
  readonly followed: 'v4' | 'v5' | 'local';
}
