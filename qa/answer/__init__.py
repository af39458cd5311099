"""Answer: hits → an answer (cited passages, or a plain "the documents do not say"), and follow-up
questions."""
