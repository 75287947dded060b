// The Wilson interval lives in Core (Canaries and Gate use it without referencing Detection); detectors use it
// throughout, so it is imported once here rather than in every file.
global using QualityWatch.Core.Statistics;
