// The questionnaire state machine lives here.
