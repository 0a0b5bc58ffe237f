/**
 * Property (issue 3): 100,000 random and mutated inputs never throw and always give an Image
 * with well-placed diagnostics. Half here, half in property-a.test.ts (two workers);
 * seeded, so a failure names an input that reproduces.
 */
import { test } from 'vitest';
import { runProperty } from './fuzz';

test('50,000 inputs (seed 12) never throw, always give an Image', () => {
  runProperty(12, 50_000);
}, 120_000);
