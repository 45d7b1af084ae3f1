# Reads a JSON list of {name, kind, code} and prints one JSON line per problem: a parse error, syntax newer
# than Windows PowerShell 5.1 (or than 3.0, the oldest version posaudit accepts), or `exit` inside a command
# template (it would end the whole gatherer). PowerShell's own parser does the reading.
param([string]$List)
$items = Get-Content -Raw -LiteralPath $List | ConvertFrom-Json
foreach ($item in $items) {
  $tokens = $null; $errors = $null
  $ast = [System.Management.Automation.Language.Parser]::ParseInput([string]$item.code, [ref]$tokens, [ref]$errors)
  $found = New-Object System.Collections.Generic.List[string]
  foreach ($e in $errors) { $found.Add('parse error: ' + $e.Message) }
  $nodes = $ast.FindAll({ $true }, $true)
  foreach ($n in $nodes) {
    $t = $n.GetType().Name
    switch ($t) {
      'TernaryExpressionAst' { $found.Add('ternary ?: (PowerShell 7)') }
      'PipelineChainAst' { $found.Add('pipeline chain && / || (PowerShell 7)') }
      'TypeDefinitionAst' { $found.Add('class or enum (PowerShell 5.0)') }
      'UsingStatementAst' { $found.Add('using statement (PowerShell 5.0)') }
      'BinaryExpressionAst' { if ([string]$n.Operator -eq 'QuestionQuestion') { $found.Add('?? (PowerShell 7)') } }
      'AssignmentStatementAst' { if ([string]$n.Operator -eq 'QuestionQuestionEquals') { $found.Add('??= (PowerShell 7)') } }
      'MemberExpressionAst' { if ($n.NullConditional) { $found.Add('?. (PowerShell 7)') } }
      'InvokeMemberExpressionAst' {
        if ($n.NullConditional) { $found.Add('?. (PowerShell 7)') }
        if ($n.Static -and [string]$n.Member.Value -eq 'new') { $found.Add('::new (PowerShell 5.0)') }
      }
      'IndexExpressionAst' { if ($n.NullConditional) { $found.Add('?[] (PowerShell 7)') } }
      'ExitStatementAst' { if ($item.kind -eq 'template') { $found.Add('exit in a command template ends the whole gatherer') } }
      'CommandParameterAst' {
        $p = [string]$n.ParameterName
        if ($p -eq 'Parallel') { $found.Add('-Parallel (PowerShell 7)') }
        if ($p -eq 'AsByteStream') { $found.Add('-AsByteStream (PowerShell 6)') }
        if ($p -eq 'AsHashtable') { $found.Add('-AsHashtable (PowerShell 6)') }
      }
    }
  }
  foreach ($f in ($found | Sort-Object -Unique)) { [Console]::Out.WriteLine((@{ name = $item.name; problem = $f } | ConvertTo-Json -Compress)) }
}
