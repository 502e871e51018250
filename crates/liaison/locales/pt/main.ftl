# Liaison — português. Cada chave deve existir em todos os idiomas (um teste verifica isso).

## Navegação e layout
nav-skip = Ir para o conteúdo principal
nav-label = Principal
nav-home = Início
nav-fls = Serviços
nav-audit = Trilha de auditoria
nav-admin = Administração
nav-account = Minha conta
nav-language = Idioma
nav-language-apply = Aplicar
nav-sign-out = Sair
footer-text = Liaison — o registro dos serviços de ligação de fratura (FLS). Os dados dos pacientes nunca saem do seu serviço.
yes = Sim
no = Não

## Erros
error-not-found-title = Não encontrado
error-not-found = Não há nada aqui, ou você não tem acesso a este conteúdo.
error-csrf-title = Solicitação recusada
error-csrf = Este formulário foi enviado de outro lugar ou expirou. Volte, recarregue a página e tente novamente.
error-too-large-title = Grande demais
error-too-large = O que você enviou excede o tamanho aceito por este servidor.
error-internal-title = Algo deu errado
error-internal = Algo deu errado do nosso lado. Nada do que você digitou foi salvo. Tente novamente; se o problema persistir, informe esta referência ao seu administrador.
error-reference = Referência:
error-field = { $field } “{ $value }”: { $rule }
error-line = Linha { $line }: { $message }
form-errors-title = Corrija os itens a seguir

## Regras de validação
rule-required = é obrigatório informar um valor.
rule-too_long = deve ter no máximo { $max } caracteres.
rule-control_characters = não pode conter caracteres de controle.
rule-length_between = deve ter de { $min } a { $max } caracteres.
rule-fls_code_chars = só pode conter letras A–Z, algarismos, “-”, “_” e “.”.
rule-country_unknown = não é um código de país ISO 3166-1 (duas letras, como GB ou BR).
rule-time_zone_unknown = não é um fuso horário conhecido (use um nome como Europe/London).
rule-one_of = deve ser um dos seguintes: { $allowed }.
rule-integer = deve ser um número inteiro.
rule-integer_between = deve ser um número inteiro de { $min } a { $max }.
rule-date_format = deve ser uma data no formato { $format }.
rule-date_invalid = não é uma data válida do calendário.
rule-email = não é um endereço de e-mail.
rule-email_taken = já pertence a outra conta.
rule-password_too_short = deve ter pelo menos { $min } caracteres.
rule-password_common = é uma das senhas mais comuns; escolha outra.
rule-password_is_email = não pode ser o seu endereço de e-mail.
rule-password_wrong = não é a sua senha atual.
rule-fls_unknown = não é um FLS que você possa gerenciar.
rule-role_not_yours_to_give = é uma função que você não pode atribuir.
rule-file_not_utf8 = o arquivo não é texto UTF-8 (salve-o como “CSV UTF-8”).
rule-file_not_csv = não foi possível ler o arquivo como CSV.
rule-column_unknown = não é uma coluna deste formato.
rule-column_missing = é uma coluna obrigatória que falta no arquivo.
rule-row_length = a linha tem { $value } células, mas o cabeçalho tem { $expected }.
rule-duplicate_in_file = aparece duas vezes no arquivo (a primeira na linha { $line }).

## Nomes dos campos
field-email = E-mail
field-password = Senha
field-current_password = Senha atual
field-new_password = Nova senha
field-display_name = Nome
field-code = Código do FLS
field-name = Nome
field-hospital = Hospital
field-city = Cidade
field-country = País
field-region = Região
field-time_zone = Fuso horário
field-service_model = Modelo de serviço
field-patient_groups = Grupos de pacientes atendidos
field-catchment_population_50_plus = População da área de abrangência com 50 anos ou mais
field-expected_non_spine_per_year = Fraturas não vertebrais esperadas por ano
field-expected_spine_per_year = Fraturas vertebrais esperadas por ano
field-start_date = Data de início
field-contact_name = Contato
field-contact_email = E-mail de contato
field-role = Função
field-fls = FLS
field-from = De
field-to = Até
field-actor = Usuário
field-action = Ação
field-file = Arquivo
field-header = Coluna
field-row = Linha
field-token-name = Nome do token
field-code-totp = Código de seis dígitos

## Entrada
sign-in-title = Entrar
sign-in-button = Entrar
sign-in-wrong = O endereço de e-mail ou a senha estão incorretos.
sign-in-disabled = Esta conta foi desativada. Fale com o seu administrador.
sign-in-locked = { $minutes ->
    [one] Muitas tentativas sem sucesso. Tente novamente em { $minutes } minuto.
   *[other] Muitas tentativas sem sucesso. Tente novamente em { $minutes } minutos.
}
totp-step-title = Segunda etapa
totp-step-help = Digite o código de seis dígitos do seu aplicativo autenticador.
totp-step-button = Continuar
totp-wrong = Esse código não está correto. Verifique o relógio do seu dispositivo e tente o código mais recente.
notice-signed-out = Você saiu da sua conta.
notice-password-changed = Sua senha foi alterada. Entre com a nova senha.
notice-totp-enabled = A verificação em duas etapas está ativada.
notice-totp-disabled = A verificação em duas etapas está desativada.
notice-totp-required = Sua função exige a verificação em duas etapas; ela não pode ser desativada.
notice-token-revoked = O token foi revogado.

## Início
home-title = Início
home-public-title = Liaison: serviços de ligação de fratura, medidos e comparados
home-public-intro = No Liaison, os serviços de ligação de fratura registram o cuidado de cada paciente após uma fratura por fragilidade, veem o que está pendente para cada um e comparam seus resultados com os de outros serviços sem compartilhar dados de nenhum paciente.
home-signed-in-as = Conectado como
home-your-roles = Suas funções
home-your-services = Seus serviços
home-all-services = Todos os serviços

## Conta
account-title = Minha conta
account-password = Senha
account-password-hint = No mínimo 12 caracteres. Algumas palavras sem relação entre si formam uma senha forte.
account-password-button = Alterar senha
account-totp = Verificação em duas etapas
account-totp-on = A verificação em duas etapas está ativada.
account-totp-off = A verificação em duas etapas está desativada.
account-totp-enable = Ativar a verificação em duas etapas
account-totp-disable = Desativar a verificação em duas etapas
account-totp-required = Sua função exige a verificação em duas etapas.
account-tokens = Tokens de API
account-tokens-link = Gerenciar tokens de API
totp-setup-title = Configurar a verificação em duas etapas
totp-setup-required = Sua função exige a verificação em duas etapas. Configure-a para continuar.
totp-setup-step1 = Adicione esta chave a um aplicativo autenticador (ou abra o link no seu celular):
totp-setup-link = Abrir no aplicativo autenticador
totp-setup-step2 = Digite o código de seis dígitos exibido pelo aplicativo.
totp-setup-button = Ativar
tokens-title = Tokens de API
tokens-intro = Um token permite que um script ou um sistema hospitalar use a API com as suas permissões. Mantenha-o em sigilo e revogue-o quando não for mais necessário.
tokens-created-once = Copie este token agora: ele não será exibido novamente.
tokens-create = Criar token
tokens-created = Criado em
tokens-last-used = Último uso
tokens-status = Status
tokens-actions = Ações
tokens-revoked = Revogado
tokens-live = Ativo
tokens-revoke = Revogar

## Serviços (FLS)
fls-list-title = Serviços
fls-search = Pesquisar serviços
fls-search-button = Pesquisar
fls-none = Nenhum serviço para exibir.
fls-new = Novo serviço
fls-edit = Editar serviço
fls-save = Salvar
fls-code-hint = De 2 a 32 caracteres: letras, algarismos, “-”, “_”, “.”. Não poderá ser alterado depois.
fls-country-hint = Código ISO de duas letras, como GB, BR ou SA. Ele define a região.
fls-time-zone-hint = Deixe em branco para usar o fuso horário da capital, ou informe um nome como America/Sao_Paulo.
fls-expected-hint = Deixe em branco se não souber.
fls-users-link = Usuários deste serviço
fls-users-title = Usuários
fls-import-title = Importar serviços de um arquivo CSV
fls-import-help = Colunas: code, name, country, expected_non_spine_per_year, expected_spine_per_year e, opcionalmente, hospital, city, time_zone, service_model, patient_groups, catchment_population_50_plus, start_date, contact_name, contact_email. Se alguma linha estiver incorreta, nada será importado.
fls-import-button = Importar
fls-import-refused = Nada foi importado. Corrija estas linhas e envie o arquivo novamente:
fls-import-done = Importação concluída: { $created } novos, { $updated } alterados, { $unchanged } sem alteração.
model-identify = Identifica os pacientes
model-identify_investigate = Identifica e investiga
model-identify_investigate_initiate = Identifica, investiga e inicia o tratamento
group-hip = Fraturas de quadril
group-other_inpatient = Outras fraturas em pacientes internados
group-outpatient = Fraturas em pacientes ambulatoriais
group-vertebral = Fraturas vertebrais

## Regiões
region-africa = África
region-asia_pacific = Ásia-Pacífico
region-europe = Europa
region-latin_america = América Latina
region-middle_east = Oriente Médio
region-north_america = América do Norte

## Funções
role-administrator = Administrador
role-programme_reviewer = Revisor do programa
role-national_lead = Coordenador nacional
role-regional_lead = Coordenador regional
role-mentor = Mentor
role-fls_lead = Coordenador do FLS
role-fls_clinician = Profissional clínico do FLS
role-viewer = Leitor

## Usuários
users-title = Usuários
users-new = Novo usuário
users-create = Criar usuário
users-created-once = Conta criada para
users-password-hint = Deixe em branco para gerar uma; ela será exibida uma única vez.
users-scope-hint = Funções de FLS exigem um código de FLS; coordenador nacional, um país; coordenador regional, uma região.
users-email-hint = Uma conta existente recebe a função; se não existir, é criada uma nova com uma senha exibida uma única vez.
users-add-title = Adicionar um usuário
users-add-button = Adicionar
users-add-role = Adicionar função
users-remove-role = Remover função
users-roles = Funções
users-totp = Verificação em duas etapas
users-status = Status
users-active = Ativa
users-disabled = Desativada
users-disable = Desativar conta
users-enable = Ativar conta

## Configurações de segurança
security-title = Configurações de segurança
security-mfa-roles = Funções que devem usar a verificação em duas etapas
security-save = Salvar
security-saved = Salvo.

## Trilha de auditoria
audit-title = Trilha de auditoria
audit-search = Pesquisar
audit-export = Exportar CSV
audit-none = Nenhuma entrada encontrada.
audit-when = Data e hora (UTC)
audit-from = Endereço de origem
audit-outcome = Resultado
audit-record = Registro
audit-change = Alteração
audit-before = Antes
audit-after = Depois
audit-pages = Páginas
audit-newer = Mais recentes
audit-older = Mais antigas
outcome-ok = Concluído
outcome-denied = Recusado
outcome-failed = Falha
