import { compareSamples } from './referenceReaders';

// The samples, a third in each file (see referenceReaders.ts).
compareSamples(0, 3);
