// `npm run bench`: the suites come with the stages they measure.
export {};
