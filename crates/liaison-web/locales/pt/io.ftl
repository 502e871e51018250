# Intercâmbio de dados: importações, exportações, tarefas em segundo plano (issue 4).
rule-column_twice = aparece duas vezes no cabeçalho.
rule-file_utf16 = o arquivo é texto UTF-16; salve-o como “CSV UTF-8”.
rule-file_empty = o arquivo está vazio.
rule-file_not_xlsx = não foi possível ler o arquivo como pasta de trabalho XLSX.
rule-file_zip_bomb = a pasta de trabalho se descompactaria em muito mais dados do que uma planilha contém; ela não foi aberta.
rule-file_quote_unclosed = aspas abertas nesta linha nunca são fechadas, então todas as linhas seguintes seriam perdidas; feche-as ou remova-as.
rule-file_quote_swallows_row = aspas abertas nesta linha continuam até a linha { $row }, que é uma linha por si só; feche-as onde a célula termina.
rule-file_binary = o arquivo não é uma planilha, mas { $kind ->
    [executable] um programa
    [pdf] um documento PDF
    [image] uma imagem
    [archive] um arquivo compactado
    [old_office] um arquivo do Office em formato antigo (.xls ou .doc)
    [zip] um arquivo zip sem pasta de trabalho
   *[other] dados binários
 }; salve os dados como CSV UTF-8 ou XLSX.
rule-file_too_large = o arquivo excede o limite de { $max } MB.
io-nav = Importar e exportar
io-import-title = Importar episódios
io-import-intro = Um arquivo CSV ou XLSX no formato de importação: uma linha por episódio, com as colunas do conjunto de dados, incluindo fls_code, patient_ref e fracture_date. Nada é gravado antes de você ver o que o arquivo altera.
io-file = Arquivo
io-date-order = As datas que não estão em ISO (AAAA-MM-DD) estão escritas como
io-date-order-ymd = ano, mês, dia (2024-03-31)
io-date-order-dmy = dia, mês, ano (31/03/2024)
io-date-order-mdy = mês, dia, ano (03/31/2024)
io-blanks-clear = Células vazias apagam os valores gravados (caso contrário, uma célula vazia mantém o valor)
io-upload = Verificar o arquivo
io-your-imports = Suas importações
io-col-when = Enviado
io-col-file = Arquivo
io-col-status = Situação
io-status-analysing = em verificação
io-status-preview = aguardando sua confirmação
io-status-refused = recusado
io-status-importing = importando
io-status-done = importado
io-status-failed = falhou; nada foi alterado
io-status-cancelled = cancelado
io-status-expired = expirado
io-working = Em andamento. Você pode sair desta página e voltar: o resultado fica em suas importações.
io-preview-title = O que o arquivo altera
io-count-rows = Linhas
io-count-new = Episódios novos
io-count-changed = Episódios alterados
io-count-unchanged = Episódios inalterados
io-count-invalid = Linhas inválidas
io-changes = Episódios alterados
io-col-line = Linha
io-col-episode = Episódio
io-col-fields = Campos alterados
io-col-problem = Problema
io-invalid = Linhas inválidas
io-confirm = Importar
io-confirm-valid = Importar as linhas válidas e baixar as inválidas
io-cancel = Cancelar
io-fix-hint = Corrija o arquivo e envie-o novamente, ou importe as linhas válidas: as inválidas voltam em um arquivo do mesmo formato com uma coluna de erro.
io-errors-download = Baixar as linhas inválidas
io-done = A importação foi concluída.
io-nothing-written = Nada foi alterado.
io-refused = O arquivo foi recusado:
io-more = Mais { $n } não exibidas.
io-export-title = Exportar episódios
io-export-intro = As exportações no formato de importação podem ser importadas de novo sem alterações. O extrato de pesquisa omite números de prontuário, nomes, contatos e notas, informa apenas o ano de nascimento e identifica cada FLS por um pseudônimo sorteado a cada extrato.
io-export-scope = Abrangência
io-export-format = Formato
io-format-csv = CSV (formato de importação)
io-format-xlsx = XLSX (formato de importação)
io-format-research = Extrato de pesquisa (CSV desidentificado)
io-export-download = Baixar
io-export-none = As exportações contêm dados de pacientes: estão disponíveis para quem pode ler os pacientes de todos os FLS da abrangência.
io-scope-global = Todos os FLS
io-import-fls = Pode importar episódios para:
io-col-column = Coluna
io-col-value = Valor
io-format-fhir = Bundle FHIR R4 (JSON, sem dados de contacto nem notas)
io-scope-hint = fls:CÓDIGO, country:PP, region:NOME ou global
