import type { Question } from "./types";

/** The survey a merchant starts from. */
export const STARTER_QUESTIONS: Question[] = [
  {
    id: "source",
    type: "single",
    label: "How did you hear about us?",
    required: true,
    allowOther: true,
    options: [
      { id: "search", label: "Search engine" },
      { id: "social", label: "Social media" },
      { id: "friend", label: "Friend or family" },
    ],
  },
  { id: "nps", type: "nps", label: "How likely are you to recommend us to a friend?", required: false },
];
