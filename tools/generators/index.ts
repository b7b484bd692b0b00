// The workspace's Nx plugin (`nx g @baton/tools:<generator>`): its generators, importable for tests.
export { default as verticalGenerator } from './vertical/vertical.generator';
export type { VerticalGeneratorOptions } from './vertical/vertical-names';
