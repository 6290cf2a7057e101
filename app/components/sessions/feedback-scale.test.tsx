import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { feedbackQuestion } from "~/modules/sessions/feedback.schema.ts";
import { FeedbackScale } from "./feedback-scale.tsx";

function render(kind: "CSAT" | "NPS", props: { checked?: number | null; errors?: string[] } = {}) {
  const question = feedbackQuestion(kind, "Forecasting basics");
  return renderToStaticMarkup(
    <FeedbackScale
      kind={kind}
      legend={question.legend}
      choices={question.choices}
      name="score"
      checked={props.checked ?? null}
      errors={props.errors}
    />,
  );
}

/** Each label's text as a screen reader names its radio button. */
function labelTexts(html: string) {
  return [...html.matchAll(/<label[^>]*>(.*?)<\/label>/g)].map((match) => match[1]!.replace(/<[^>]+>/g, "").trim());
}

/** The radio buttons in order, each with its value and whether it starts ticked. */
function radios(html: string) {
  return [...html.matchAll(/<input [^>]*>/g)]
    .map((match) => match[0])
    .filter((tag) => tag.includes('type="radio"') && tag.includes('name="score"'))
    .map((tag) => ({
      value: /value="([^"]*)"/.exec(tag)?.[1],
      checked: tag.includes('checked=""'),
      required: tag.includes('required=""'),
    }));
}

const radioValues = (html: string) => radios(html).map((radio) => radio.value);
const checkedValues = (html: string) =>
  radios(html)
    .filter((radio) => radio.checked)
    .map((radio) => radio.value);

describe("FeedbackScale", () => {
  it("renders NPS as eleven radio buttons, 0 to 10, in a fieldset whose legend asks the question", () => {
    const html = render("NPS");
    expect(html).toMatch(/^<fieldset[^>]*><legend[^>]*>How likely are you to recommend Forecasting basics to a colleague\?<\/legend>/);
    expect(radioValues(html)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    const labels = labelTexts(html);
    expect(labels[0]).toBe("0 Not at all likely");
    expect(labels.slice(1, 10)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    expect(labels[10]).toBe("10 Extremely likely");
    // Every radio is required, so a browser without JavaScript still asks for an answer.
    expect(radios(html).every((radio) => radio.required)).toBe(true);
  });

  it("renders CSAT as five named answers and ticks the earlier one, 0 included for NPS", () => {
    const csat = render("CSAT", { checked: 4 });
    expect(radioValues(csat)).toEqual(["1", "2", "3", "4", "5"]);
    expect(labelTexts(csat)).toEqual(["1 Very poor", "2 Poor", "3 Okay", "4 Good", "5 Excellent"]);
    expect(checkedValues(csat)).toEqual(["4"]);
    expect(checkedValues(render("NPS", { checked: 0 }))).toEqual(["0"]);
    expect(checkedValues(render("NPS"))).toEqual([]);
  });

  it("ties the error message to the fieldset", () => {
    const html = render("NPS", { errors: ["Choose a rating from 0 to 10"] });
    expect(html).toMatch(/^<fieldset aria-describedby="score-error">/);
    expect(html).toContain('<p id="score-error" class="mt-1 text-sm text-red-700">Choose a rating from 0 to 10</p>');
  });
});
