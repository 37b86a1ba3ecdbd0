// dataplane/: how packets move — wire codecs, capture files, the event loop, the command.
export {};
