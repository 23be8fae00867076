// The function the example deploys: answers with the stage and the table it reads.
export const handler = async () => ({
  statusCode: 200,
  body: JSON.stringify({ stage: process.env.STAGE, table: process.env.TABLE_NAME }),
});
