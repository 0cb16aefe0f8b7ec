import type { ComponentType } from 'react';
import { BillingProvider } from '../src/index.js';
import {
  type PortalStoryData,
  portalScenarios,
  portalStoryClient,
  storyQueryClient,
} from './portal-story-client.js';

/**
 * The `render` of every billing-portal story: the component inside a `BillingProvider` whose fake server answers
 * with the story's `parameters.data` (the active subscription when a story sets none). Lives beside the story
 * client, outside `src`, so the fixtures never reach the published build.
 */
export function renderInPortalStory<Props extends object>(Component: ComponentType<Props>) {
  return function PortalStory(args: Props, { parameters }: { parameters: { data?: unknown } }) {
    return (
      <BillingProvider
        client={portalStoryClient((parameters.data as PortalStoryData | undefined) ?? portalScenarios.active)}
        queryClient={storyQueryClient()}
        stripe={() => Promise.resolve(null)}
      >
        <Component {...args} />
      </BillingProvider>
    );
  };
}
