// See tools/webpack/service.webpack.cjs: every service is built the same way.
// eslint-disable-next-line @nx/enforce-module-boundaries -- build tooling shared by the services, not a project import
module.exports = require('../../tools/webpack/service.webpack.cjs')(__dirname, 'config');
