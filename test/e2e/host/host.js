// Nothing: this extension only lets VS Code load the test suite.
exports.activate = () => undefined;
