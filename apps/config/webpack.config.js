// See tools/webpack/service.webpack.cjs: every service is built the same way.
module.exports = require('../../tools/webpack/service.webpack.cjs')(__dirname, 'config');
