export {
  registerInspectionRoutes,
  type InspectionRoutesOptions,
  type StreamConsumer,
} from './inspection-routes';
export {
  inspectionSend,
  InspectionSendError,
  type InspectionSendRequest,
  type InspectionSendResult,
} from './inspection-send';
