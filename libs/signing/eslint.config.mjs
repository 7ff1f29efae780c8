import packageLibConfig from '../../eslint.package-lib.config.mjs';

export default packageLibConfig;
