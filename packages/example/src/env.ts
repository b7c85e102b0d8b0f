import * as z from 'zod';

/** EXAMPLE_* settings. */
export const envSchema = z.object({
  EXAMPLE_DEFAULT_TIMEZONE: z.string().default('UTC'),
});

export type ExampleEnv = z.infer<typeof envSchema>;
