export * from './lib/problems/problem-document';
export * from './lib/problems/problem.exception';
export * from './lib/problems/problem-details.filter';
export { problemFromError } from './lib/problems/problem-from-error';
export type { ProblemAnswer } from './lib/problems/problem-from-error';
export * from './lib/validation/parse-with';
export * from './lib/validation/zod-validation.pipe';
export * from './lib/app/configure-http-app';
export { isJsonMediaType } from './lib/app/json-media-type';
