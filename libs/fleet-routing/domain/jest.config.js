module.exports = require('../../../jest.preset').tier(__dirname, 'unit');
