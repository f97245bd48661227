export {
  CALLER_TOKEN_TYPE,
  CallerTokenInputError,
  issueCallerToken,
  MAX_CALLER_TOKEN_TTL_SECONDS,
  verifyCallerToken,
  type CallerTokenCheck,
  type IssueCallerTokenOptions,
  type VerifyCallerTokenOptions,
} from './caller-token';
