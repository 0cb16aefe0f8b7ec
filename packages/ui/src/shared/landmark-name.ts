/** The prop of a component whose landmark (a named `<section>`) takes its accessible name from its own heading. */
export interface LandmarkNameProps {
  /**
   * Ids (space-separated) of elements whose text follows the component's heading in the name of its landmark, so a
   * page that shows it more than once has landmarks a screen reader can tell apart: `labelledBy="team-a-title"`
   * names it "Invoices Team A". Unlike `aria-labelledby`, which replaces the heading, this keeps it first.
   */
  labelledBy?: string;
}

/** The `aria-labelledby` of a landmark named by its heading `headingId`, then by the host's `labelledBy`. */
export function landmarkLabelledBy(headingId: string, labelledBy: string | undefined): string {
  return labelledBy ? `${headingId} ${labelledBy}` : headingId;
}
