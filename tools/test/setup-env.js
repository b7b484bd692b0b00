// Loaded before every test file: Nest and TypeORM decorators need reflect-metadata.
require('reflect-metadata');
