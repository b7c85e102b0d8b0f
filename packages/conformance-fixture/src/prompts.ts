import { completable, type PromptDefinition } from '@mcp/runtime';
import * as z from 'zod';
import { TEST_IMAGE_BASE64 } from './media.js';

const ARG1_SUGGESTIONS = ['paris', 'park', 'party', 'test', 'testing'];

const simplePrompt: PromptDefinition = {
  name: 'test_simple_prompt',
  title: 'Simple test prompt',
  description: 'A prompt without arguments (prompts-get-simple).',
  get: () => ({ messages: [{ role: 'user', content: { type: 'text', text: 'This is a simple prompt for testing.' } }] }),
};

const argsSchema = z.object({
  // completable: completion/complete on this prompt's arg1 is what completion-complete asks for.
  arg1: completable(z.string().describe('First test argument'), (value) => ARG1_SUGGESTIONS.filter((s) => s.startsWith(value))),
  arg2: z.string().describe('Second test argument'),
});

const promptWithArguments: PromptDefinition<unknown, typeof argsSchema> = {
  name: 'test_prompt_with_arguments',
  title: 'Prompt with arguments',
  description: 'A prompt with two required arguments substituted into its text (prompts-get-with-args, completion-complete).',
  args: argsSchema,
  get: ({ arg1, arg2 }) => ({ messages: [{ role: 'user', content: { type: 'text', text: `Prompt with arguments: arg1='${arg1}', arg2='${arg2}'` } }] }),
};

const embeddedArgs = z.object({ resourceUri: z.string().describe('URI of the resource to embed') });

const promptWithEmbeddedResource: PromptDefinition<unknown, typeof embeddedArgs> = {
  name: 'test_prompt_with_embedded_resource',
  title: 'Prompt with embedded resource',
  description: 'A prompt that embeds a text resource at the given URI (prompts-get-embedded-resource).',
  args: embeddedArgs,
  get: ({ resourceUri }) => ({
    messages: [
      { role: 'user', content: { type: 'resource', resource: { uri: resourceUri, mimeType: 'text/plain', text: 'Embedded resource content for testing.' } } },
      { role: 'user', content: { type: 'text', text: 'Please process the embedded resource above.' } },
    ],
  }),
};

const promptWithImage: PromptDefinition = {
  name: 'test_prompt_with_image',
  title: 'Prompt with image',
  description: 'A prompt that carries a 1x1 PNG image (prompts-get-with-image).',
  get: () => ({
    messages: [
      { role: 'user', content: { type: 'image', data: TEST_IMAGE_BASE64, mimeType: 'image/png' } },
      { role: 'user', content: { type: 'text', text: 'Please analyze the image above.' } },
    ],
  }),
};

/** The `test_*` prompts the prompts-* scenarios get. */
export const prompts = [simplePrompt, promptWithArguments, promptWithEmbeddedResource, promptWithImage] as PromptDefinition[];
