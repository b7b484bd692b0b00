module.exports = require('../../../jest.preset').tier(__dirname, 'e2e');
