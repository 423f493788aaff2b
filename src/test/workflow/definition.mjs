// The workflow definition as the Java builder makes it for the test inputs (kept current by
// TrainingWorkflowDefinitionTest, which fails when this copy is stale).
import { readFileSync } from 'node:fs';

export const definitionPath = new URL('./training-workflow.asl.json', import.meta.url);
export const definition = JSON.parse(readFileSync(definitionPath, 'utf8'));
